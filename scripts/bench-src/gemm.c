/* Times single-threaded sgemm on the product shapes of the S and M training steps, for
   comparing BLAS libraries (scripts/bench-gemm builds it against each). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <cblas.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
void run(const char*name,int ta,int tb,int M,int N,int K){
  float*A=malloc(4L*M*K),*B=malloc(4L*K*N),*C=malloc(4L*M*N);
  for(long i=0;i<(long)M*K;i++)A[i]=rand()/(float)RAND_MAX;
  for(long i=0;i<(long)K*N;i++)B[i]=rand()/(float)RAND_MAX;
  for(long i=0;i<(long)M*N;i++)C[i]=0;
  int lda=ta?M:K, ldb=tb?K:N;
  int reps=(int)(3e9/(2.0*M*N*K))+1; double best=1e9;
  for(int r=0;r<5;r++){double t=now();for(int i=0;i<reps;i++)cblas_sgemm(CblasRowMajor,ta?CblasTrans:CblasNoTrans,tb?CblasTrans:CblasNoTrans,M,N,K,1,A,lda,B,ldb,1,C,N);t=(now()-t)/reps;if(t<best)best=t;}
  printf("%-22s %5dx%5dx%5d  %7.1f GFLOP/s\n",name,M,N,K,2.0*M*N*K/best/1e9);
  free(A);free(B);free(C);
}
int main(){
  run("M qkv fwd NT",0,1,2048,1152,384);
  run("M fc fwd NT",0,1,2048,1536,384);
  run("M fcproj fwd NT",0,1,2048,384,1536);
  run("M dinp NN fc",0,0,2048,384,1536);
  run("M dW TN fc",1,0,768,384,4096);
  run("M att NT",0,1,256,256,64);
  run("M att NN",0,0,256,64,256);
  run("S fc fwd NT",0,1,384,512,128);
  run("S dW TN fc",1,0,256,128,768);
  return 0;}
